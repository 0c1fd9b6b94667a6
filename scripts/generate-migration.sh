#!/usr/bin/env bash
# Generates a migration from the difference between the entities and the migrated schema.
# Usage: npm run migration:generate -- PascalName   (then list it in migrations/index.ts)
set -euo pipefail
name=${1:?usage: npm run migration:generate -- PascalName}
scratch=webhooks_migration_scratch_$$
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $scratch" -c "CREATE DATABASE $scratch"
npx tsc -p tsconfig.build.json
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$scratch"
npx typeorm migration:run -d dist/src/infrastructure/database/data-source.js
npx typeorm migration:generate "src/infrastructure/database/migrations/$name" -d dist/src/infrastructure/database/data-source.js
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $scratch"
