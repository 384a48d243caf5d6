#!/bin/sh
# First start of the official postgres image (an empty data volume): runs ops/db/bootstrap.sql with
# the role names and passwords from the environment. The image's entrypoint runs this from
# /docker-entrypoint-initdb.d (sourcing it when it is not executable), as POSTGRES_USER, after it
# created POSTGRES_DB. See ops/db/README.md for the compose settings.
#
#   WHISKEY_DB_OWNER_PASSWORD, WHISKEY_DB_APP_PASSWORD   required
#   WHISKEY_DB_OWNER, WHISKEY_DB_APP                     role names (whiskey_owner, whiskey_app)
#   WHISKEY_BOOTSTRAP_SQL                                where bootstrap.sql is mounted
#                                                        (/opt/whiskey/bootstrap.sql)
psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v dbname="${POSTGRES_DB:-$POSTGRES_USER}" \
  -v owner_role="${WHISKEY_DB_OWNER:-whiskey_owner}" \
  -v owner_password="${WHISKEY_DB_OWNER_PASSWORD:?set WHISKEY_DB_OWNER_PASSWORD}" \
  -v app_role="${WHISKEY_DB_APP:-whiskey_app}" \
  -v app_password="${WHISKEY_DB_APP_PASSWORD:?set WHISKEY_DB_APP_PASSWORD}" \
  -f "${WHISKEY_BOOTSTRAP_SQL:-/opt/whiskey/bootstrap.sql}"
