-- wrk script for scripts/load.sh: cycles through typical API searches (with filters), and
-- counts every response that is not 200 OK so that load.sh can fail on any.
local paths = {
  "/api/search?q=%E3%83%86%E3%83%AC%E3%83%AF%E3%83%BC%E3%82%AF",                  -- テレワーク
  "/api/search?q=1on1&ministry=%E3%83%87%E3%82%B8%E3%82%BF%E3%83%AB%E5%BA%81",    -- 1on1, デジタル庁
  "/api/search?q=%E3%83%9E%E3%83%8D%E3%82%B8%E3%83%A1%E3%83%B3%E3%83%88%E7%A0%94%E4%BF%AE&status=new",
  "/api/search?q=%E8%82%B2%E5%85%90%E4%BC%91%E6%A5%AD&section=II",                 -- 育児休業 in II
  "/api/search?q=%E7%94%B7%E6%80%A7%20%E8%82%B2%E5%85%90",                         -- 男性 育児
  "/api/search?q=%E3%83%86%E3%83%AC%E3%83%AF%E3%83%BC%E3%82%AF&ministry=%E8%AD%A6%E5%AF%9F%E5%BA%81&ministry=%E7%92%B0%E5%A2%83%E7%9C%81&limit=20",
}
local threads = {}
local i = 0
bad = 0  -- global: done() reads it from each thread

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local not_ok = 0
  for _, t in ipairs(threads) do
    not_ok = not_ok + t:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d not_200=%d socket_errors=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, not_ok, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
