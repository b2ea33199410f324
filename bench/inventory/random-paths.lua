-- wrk script: GET a random path from the file $BENCH_PATHS with $BENCH_TOKEN, print percentiles as JSON.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local auth = "Bearer " .. os.getenv("BENCH_TOKEN")
math.randomseed(os.time())

request = function()
  return wrk.format("GET", paths[math.random(#paths)], { ["Authorization"] = auth })
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON {"p50":%d,"p99":%d,"max":%d,"requests":%d,"seconds":%f,"errors":%d,"non2xx":%d}\n',
    latency:percentile(50), latency:percentile(99), latency.max, summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.timeout, e.status))
end
