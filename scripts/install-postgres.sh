#!/usr/bin/env bash
# Installs Debian's PostgreSQL server programs, its contrib extensions (unaccent, pg_trgm) and the
# RUM index access method (which ranks search hits inside the index), which the tests' throwaway
# server (mosaic/lib/throwaway_postgres.py) and a Mosaic on PostgreSQL need. Does nothing when
# they are there. Without root (or sudo) it says what to install and exits non-zero. (Debian's
# package may also create and start its own `main` cluster on port 5432; Mosaic does not use it.)
set -euo pipefail
source "$(dirname "$0")/apt-install.sh"
packages="postgresql-15 postgresql-contrib postgresql-15-rum"
for bin in /usr/lib/postgresql/*/bin; do
  version=$(basename "$(dirname "$bin")")
  if [ -x "$bin/initdb" ] && [ -x "$bin/postgres" ] \
    && [ -f "/usr/share/postgresql/$version/extension/unaccent.control" ] \
    && [ -f "/usr/share/postgresql/$version/extension/pg_trgm.control" ] \
    && [ -f "/usr/share/postgresql/$version/extension/rum.control" ]; then
    exit 0
  fi
done
apt_install install-postgres PostgreSQL $packages
echo "install-postgres: installed $packages"
