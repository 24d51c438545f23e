-- Cold renders: the threads walk a list of distinct URLs, each thread its own
-- share, each URL once, so every request misses the page cache. A thread that
-- runs out starts its share again and counts it in `wrapped` (then answers
-- are hits, and the bench says so).
-- Arguments: a file of paths, one a line; the number of wrk threads (-t).

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local paths, next_index = {}, 1
wrapped = 0

function init(args)
   local n, mine, count = 0, (id or 0), tonumber(args[2]) or 1
   for path in io.lines(args[1]) do
      if n % count == mine then
         paths[#paths + 1] = path
      end
      n = n + 1
   end
end

function request()
   if next_index > #paths then
      next_index = 1
      wrapped = wrapped + 1
   end
   local path = paths[next_index]
   next_index = next_index + 1
   return wrk.format("GET", path)
end

response = count_status
