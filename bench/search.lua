-- search.lua - wrk script: a rotating mix of catalog searches (filters, text in ru/uk/en,
-- the three sorts, price bounds). The Cyrillic words are lower-case ones: the PostgreSQL
-- test cluster's C locale folds only ASCII (docs/booking.md). Counts empty pages and answers
-- other than 200, so bench/search.sh can refuse a fast run that answered nothing.
local queries = {
    "/api/v1/events?city=Lviv&limit=20",
    "/api/v1/events?q=jazz&limit=20",
    "/api/v1/events?free=true&format=offline&limit=20",
    "/api/v1/events?city=Kyiv&sort=popularity&limit=20",
    "/api/v1/events?q=%D0%BA%D0%B0%D0%BC%D0%B5%D1%80%D0%BD&city=Odesa&limit=20", -- q=камерн
    "/api/v1/events?kind=course&sort=price&limit=20",
    "/api/v1/events?limit=50",
    "/api/v1/events?city=Warsaw&q=%D1%96%D1%81%D1%82%D0%BE%D1%80%D1%96%D1%8F&limit=20", -- q=історія
    "/api/v1/events?genre=Music&price_min=10000&price_max=20000&sort=price&limit=20",
    "/api/v1/events?q=photo&sort=price&limit=20",
    "/api/v1/events?kind=screening&format=online&sort=popularity&limit=20",
    "/api/v1/events?q=%D0%B0%D0%BA%D0%B2%D0%B0%D1%80%D0%B5%D0%BB%D1%8C&genre=Cinema&limit=20", -- q=акварель
}
local threads = {}
local n = 0

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

function init(args)
    n = id
    ok, empty, bad = 0, 0, 0
end

function request()
    n = n + 1
    return wrk.format("GET", queries[(n % #queries) + 1])
end

function response(status, headers, body)
    if status ~= 200 then
        bad = bad + 1
    elseif string.find(body, '"items":[]', 1, true) then
        empty = empty + 1
    else
        ok = ok + 1
    end
end

function done(summary, latency, requests)
    local o, e, b = 0, 0, 0
    for _, t in ipairs(threads) do
        o = o + t:get("ok")
        e = e + t:get("empty")
        b = b + t:get("bad")
    end
    io.write(string.format("pages: %d with items, %d empty, %d not 200\n", o, e, b))
end
