/** Redis's own clock, in ms: every process reads the same one, so a skewed host clock loosens no limit. */
const REDIS_NOW = `local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)`;

/**
 * Admits up to ARGV.wanted requests to one hook, atomically for every process (times from Redis's clock), in one call:
 * - none while the hook is paused (KEYS[3] holds the end of the pause, in ms);
 * - at most ARGV.max in flight (KEYS[1]: a sorted set of slots scored by their expiry, so the slots of a
 *   worker that died free themselves);
 * - with ARGV.rate > 0, no more than the starts free within ARGV.horizon ms (KEYS[2] holds the next free
 *   start time: GCRA), and those starts are reserved at once, one interval apart.
 * Returns { granted, retry in (ms from now, -1: none), first start (ms from now) }.
 */
export const ADMIT_SCRIPT = `
${REDIS_NOW}
local wanted = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local rate = tonumber(ARGV[4])
local horizon = tonumber(ARGV[5])
local slot = ARGV[6]
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then return { 0, paused - now, 0 } end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local grant = math.min(wanted, max - redis.call('ZCARD', KEYS[1]))
if grant <= 0 then return { 0, -1, 0 } end
local first = 0
if rate > 0 then
  local interval = 1000 / rate
  local tat = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), now)
  local room = math.floor((now + horizon - tat) / interval)
  if room <= 0 then return { 0, math.ceil(tat - horizon + interval - now), 0 } end
  grant = math.min(grant, room)
  first = math.floor(tat - now)
  redis.call('SET', KEYS[2], tostring(tat + grant * interval), 'PX', math.ceil(tat - now + grant * interval + 1000))
end
for i = 1, grant do redis.call('ZADD', KEYS[1], now + lease, slot .. ':' .. i) end
redis.call('PEXPIRE', KEYS[1], lease + 1000)
return { grant, -1, first }
`;

/**
 * Reserves ARGV.count more starts one ARGV.interval ms apart (a request woken late starts anew), from the next free start (KEYS[1]) or now: no two
 * requests to the hook, from any process, start closer than that. Returns when the first starts (ms from now).
 */
export const PACE_SCRIPT = `
${REDIS_NOW}
local count = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
redis.call('SET', KEYS[1], tostring(tat + count * interval), 'PX', math.ceil(tat - now + count * interval + 1000))
return math.floor(tat - now)
`;

/** Pauses the hook (KEYS[1]) for ARGV.ms from Redis's now, unless a longer pause stands. */
export const PAUSE_SCRIPT = `
${REDIS_NOW}
local ends = now + tonumber(ARGV[1])
if tonumber(redis.call('GET', KEYS[1]) or '0') < ends then redis.call('SET', KEYS[1], tostring(ends), 'PX', tonumber(ARGV[1])) end
return ends
`;

/** How much longer the hook (KEYS[1]) stays paused, in ms from Redis's now; 0 when it is not. */
export const PAUSED_FOR_SCRIPT = `
${REDIS_NOW}
return math.max(0, tonumber(redis.call('GET', KEYS[1]) or '0') - now)
`;
