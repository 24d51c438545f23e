-- News day: every request picks a URL by its weight (Zipf-like, rank 1 = the
-- home page) and the status of every answer is counted.
-- Argument: a file of "weight<TAB>path" lines.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local prepared, cumulative, total = {}, {}, 0

function init(args)
   for line in io.lines(args[1]) do
      local weight, path = line:match("^(%S+)\t(.+)$")
      total = total + tonumber(weight)
      prepared[#prepared + 1] = wrk.format("GET", path)
      cumulative[#cumulative + 1] = total
   end
   math.randomseed(os.time() * 1000 + (id or 0) * 7919)
end

function request()
   local r = math.random() * total
   local lo, hi = 1, #cumulative
   while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if cumulative[mid] < r then lo = mid + 1 else hi = mid end
   end
   return prepared[lo]
end

response = count_status
