#!/bin/sh
# run.sh BIN - what `make run` does after building: demo data into ./data, then serve.
set -eu
bin=$1
db=${BOXOFFICE_DB:-sqlite:data/boxoffice.db}
mkdir -p data
"$bin" demo --db "$db"
echo "boxoffice: open http://127.0.0.1:8080/ (Ctrl-C stops the server)"
exec "$bin" serve --db "$db" --listen "${BOXOFFICE_LISTEN:-127.0.0.1:8080}"
