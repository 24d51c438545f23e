-- Beacons as browsers send them: POST /api/v1/beacons, a text/plain JSON body,
-- a story id from a file (one a line), each request from its own reader (a
-- distinct X-Forwarded-For, believed from the trusted proxy 127.0.0.1), so
-- no beacon is a repeat or rate-limited and every 2xx should be counted.
-- Arguments: the file of story ids; a run tag (makes the readers new); and
-- "prefetch" for the baseline: the same beacons marked Sec-Purpose: prefetch,
-- which the endpoint answers 204 without counting them.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local ids, n, tag, prefetch = {}, 0, "0", false

function init(args)
   for line in io.lines(args[1]) do
      ids[#ids + 1] = line
   end
   tag = args[2] or "0"
   prefetch = args[3] == "prefetch"
end

function request()
   n = n + 1
   local story = ids[(n * 7919 + (id or 0) * 104729) % #ids + 1]
   local t = id or 0
   local address = string.format(
      "10.%d.%d.%d", (tonumber(tag) % 64) * 4 + t % 4, math.floor(n / 256) % 256, n % 256
   )
   local headers = {
      ["Content-Type"] = "text/plain;charset=UTF-8",
      ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140 reader-" .. tag,
      ["X-Forwarded-For"] = address,
      ["Origin"] = "http://" .. wrk.host .. ":" .. wrk.port,
   }
   if prefetch then
      headers["Sec-Purpose"] = "prefetch"
   end
   return wrk.format("POST", nil, headers, '{"story": ' .. story .. ', "kind": "view"}')
end

response = count_status
