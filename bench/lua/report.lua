-- Shared by the bench's wrk scripts: numbers the threads and, when wrk is
-- done, prints one JSON line that bench/harness.py reads (BENCH_JSON ...).
-- A script that wants per-status counts sets `response = count_status`
-- (a response hook costs wrk some speed, so the plain hot runs have none).

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   threads[#threads + 1] = thread
end

statuses = {}
hits = 0

function count_status(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   -- Answered from the page cache (fresh or stale); MISS is a render.
   local how = headers["X-Cache"] or headers["x-cache"]
   if how == "HIT" or how == "STALE" then
      hits = hits + 1
   end
end

local function json_counts(counts)
   local parts = {}
   for code, n in pairs(counts) do
      parts[#parts + 1] = string.format('"%d": %d', code, n)
   end
   return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
   local counts, cache_hits, extra = {}, 0, 0
   for _, t in ipairs(threads) do
      for code, n in pairs(t:get("statuses") or {}) do
         counts[code] = (counts[code] or 0) + n
      end
      cache_hits = cache_hits + (t:get("hits") or 0)
      extra = extra + (t:get("wrapped") or 0)
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
         .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, '
         .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, '
         .. '"timeout": %d}, "statuses": %s, "cache_hits": %d, "wrapped": %d}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency.max, e.connect, e.read, e.write, e.status, e.timeout,
      json_counts(counts), cache_hits, extra))
end
