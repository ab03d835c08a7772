#!/usr/bin/env bash
# Deploy CAS Workspace to App Engine: the app, its cron schedule and its queues.
# Usage: deploy/deploy.sh PROJECT_ID   (after the steps of deploy/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
project="${1:?usage: deploy/deploy.sh PROJECT_ID}"

# The service refuses to start with blank settings; say so before uploading.
if grep -Eq '^\s*CAS_(SUBJECT|SCHOOL_DOMAIN|TASKS_QUEUE_PARENT|PUSH_TOPIC|PUSH_AUDIENCE|PUSH_SERVICE_ACCOUNT|TOKEN_SECRET): ""' app.yaml; then
  echo "Fill in the CAS_* settings in app.yaml first (deploy/README.md §5 and §10)." >&2
  exit 2
fi
if grep -Eq '^service_account:.*PROJECT_ID' app.yaml; then
  echo "Replace PROJECT_ID in app.yaml's service_account with $project." >&2
  exit 2
fi

gcloud app deploy app.yaml deploy/cron.yaml deploy/queue.yaml --project "$project"
