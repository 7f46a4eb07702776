-- search.lua - wrk script: a broad mix of catalog searches, so that a page cache is measured
-- on a spread of queries rather than on a handful repeated. Each request draws every filter
-- on its own (city, genre, kind, format, price range, text, sort), each with a skew (the
-- first choices more often, weight 1/rank, as real traffic favours a few values): about
-- 9 x 9 x 5 x 4 x 5 x 37 x 3 = 1.2 million different first pages. One request in five
-- instead follows the `next` link of the connection's previous page (a second page). The
-- Cyrillic words are lower-case ones: the PostgreSQL test cluster's C locale folds only ASCII
-- (docs/booking.md). Counts answers other than 200 and pages with and without items.
-- With those weights a first page has a city 65% of the time, a genre 65%, a kind 56%, a
-- format 52%, a price bound 56%, a text 76% (one or two words, 37 choices); it sorts by date
-- 55%, by price 27%, by popularity 18%. Most pages therefore combine three to five filters:
-- the selective combinations that walk a sort index for long in SQL are the common case here.
local cities = {"", "Kyiv", "Lviv", "Odesa", "Kharkiv", "Dnipro", "Warsaw", "Moscow",
                "Saint%20Petersburg"}
local genres = {"", "Music", "Theatre", "Cinema", "Education", "Sport", "Technology", "Art",
                "Kids"}
local kinds = {"", "event", "course", "webinar", "screening"}
local formats = {"", "offline", "online", "mixed"}
local prices = {"", "&free=true", "&price_min=10000&price_max=20000", "&price_max=15000",
                "&price_min=50000"}
local words = {"", "jazz", "night", "movie", "workshop", "webinar", "photo", "design",
               "art", "science", "garden", "startup", "club", "lecture",
               "%D0%BA%D0%B0%D0%BC%D0%B5%D1%80%D0%BD",         -- камерн
               "%D1%96%D1%81%D1%82%D0%BE%D1%80%D1%96%D1%8F",   -- історія
               "%D0%B0%D0%BA%D0%B2%D0%B0%D1%80%D0%B5%D0%BB%D1%8C", -- акварель
               "%D0%B4%D1%8E%D0%BD%D0%B0",                     -- дюна
               "%D0%BA%D0%BE%D0%BD%D1%86%D0%B5%D1%80%D1%82",   -- концерт
               "%D0%BA%D1%96%D0%BD%D0%BE",                     -- кіно
               "%D0%BC%D0%B0%D0%B9%D1%81%D1%82%D0%B5%D1%80",   -- майстер
               "%D0%BB%D0%B5%D0%BA%D1%86",                     -- лекц
               "%D0%BA%D0%B5%D1%80%D0%B0%D0%BC",               -- керам
               "%D0%B1%D0%B4%D0%B6",                           -- бдж
               "%D0%B3%D1%80%D0%B0%D0%BD%D1%82",               -- грант
               "%D0%BC%D0%B5%D0%B1%D0%B5%D0%BB%D1%8C",         -- мебель
               "%D0%B0%D0%B2%D0%B0%D0%BD%D0%B3%D0%B0%D1%80%D0%B4", -- авангард
               "%D1%81%D0%BE%D0%BD",                           -- сон
               "%D0%B2%D0%B5%D1%87",                           -- веч
               "jazz%20night", "movie%20arrival", "miles%20davis", "urban%20gardening",
               "%D0%BA%D0%B0%D0%BC%D0%B5%D1%80%D0%BD%D0%B0%20%D0%BC%D1%83%D0%B7", -- камерна муз
               "product", "finance", "tribute"}
local sorts = {"", "&sort=price", "&sort=popularity"}

local threads = {}

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

-- An index into list, rank r drawn with weight 1/r.
local function skewed(list)
    local total = 0
    for r = 1, #list do total = total + 1 / r end
    local x = math.random() * total
    for r = 1, #list do
        x = x - 1 / r
        if x <= 0 then return list[r] end
    end
    return list[#list]
end

local function param(name, v)
    if v == "" then return "" end
    return "&" .. name .. "=" .. v
end

function init(args)
    math.randomseed(os.time() + id * 7919)
    ok, empty, bad, seconds = 0, 0, 0, 0
    next_link = nil
end

function request()
    if next_link ~= nil and math.random(5) == 1 then
        local path = next_link
        next_link = nil
        seconds = seconds + 1
        return wrk.format("GET", path)
    end
    local path = "/api/v1/events?limit=20" .. param("city", skewed(cities)) ..
        param("genre", skewed(genres)) .. param("kind", skewed(kinds)) ..
        param("format", skewed(formats)) .. skewed(prices) .. param("q", skewed(words)) ..
        skewed(sorts)
    return wrk.format("GET", path)
end

function response(status, headers, body)
    if status ~= 200 then
        bad = bad + 1
        return
    end
    if string.find(body, '"items":[]', 1, true) then
        empty = empty + 1
    else
        ok = ok + 1
    end
    next_link = string.match(body, '"next":"([^"]+)"')
    if next_link ~= nil then
        next_link = string.gsub(next_link, "\\/", "/")
    end
end

function done(summary, latency, requests)
    local o, e, b, s = 0, 0, 0, 0
    for _, t in ipairs(threads) do
        o = o + t:get("ok")
        e = e + t:get("empty")
        b = b + t:get("bad")
        s = s + t:get("seconds")
    end
    io.write(string.format("pages: %d with items, %d empty, %d not 200 (%d next pages)\n",
                           o, e, b, s))
end
