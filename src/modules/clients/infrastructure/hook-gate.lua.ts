/**
 * Admits up to ARGV.wanted requests to one hook, atomically for every process:
 * - none while the hook is paused (KEYS[3] holds the end of the pause, in ms);
 * - at most ARGV.max in flight (KEYS[1]: a sorted set of slots scored by their expiry, so the slots of a
 *   worker that died free themselves);
 * - with ARGV.rate > 0, no more than the starts free within ARGV.horizon ms (KEYS[2] holds the next free
 *   start time: GCRA); they are reserved later, by PACE_SCRIPT, just before the requests go.
 * Returns { granted, retryAt (ms, 0: none) }.
 */
export const ADMIT_SCRIPT = `
local now = tonumber(ARGV[1])
local wanted = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
local rate = tonumber(ARGV[5])
local horizon = tonumber(ARGV[6])
local slot = ARGV[7]
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then return { 0, paused } end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local grant = math.min(wanted, max - redis.call('ZCARD', KEYS[1]))
if grant <= 0 then return { 0, 0 } end
if rate > 0 then
  local interval = 1000 / rate
  local tat = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), now)
  local room = math.floor((now + horizon - tat) / interval)
  if room <= 0 then return { 0, math.ceil(tat - horizon + interval) } end
  grant = math.min(grant, room)
end
for i = 1, grant do redis.call('ZADD', KEYS[1], now + lease, slot .. ':' .. i) end
redis.call('PEXPIRE', KEYS[1], lease + 1000)
return { grant, 0 }
`;

/**
 * Reserves ARGV.count starts one ARGV.interval ms apart, from the next free start (KEYS[1]) or now: no two
 * requests to the hook, from any process, start closer than that. Returns the first start (ms).
 */
export const PACE_SCRIPT = `
local now = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
redis.call('SET', KEYS[1], tostring(tat + count * interval), 'PX', math.ceil(tat - now + count * interval + 1000))
return math.floor(tat)
`;
