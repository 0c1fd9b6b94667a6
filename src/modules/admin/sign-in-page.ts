/** What a browser sees at /admin/queues without a session: a form that signs in with POST /admin/login, then reloads. */
export const SIGN_IN_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in: queue dashboard</title>
<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto}input,button{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box;margin:.3rem 0}</style>
</head>
<body>
<h1>Queue dashboard</h1>
<form id="sign-in">
<label for="token">Operator token (ADMIN_TOKEN)</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
<p id="error" role="alert"></p>
</form>
<script>
document.getElementById('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = document.getElementById('token').value;
  const response = await fetch('/admin/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  if (response.ok) return location.reload();
  document.getElementById('error').textContent = (await response.json()).message;
});
</script>
</body>
</html>
`;
