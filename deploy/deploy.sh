#!/usr/bin/env bash
# Deploy CAS Workspace to App Engine: the app, its cron schedule and its queues.
# Usage: deploy/deploy.sh PROJECT_ID   (after the steps of deploy/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
project="${1:?usage: deploy/deploy.sh PROJECT_ID}"

# The service refuses to start with blank settings; say so before uploading.
if grep -Eq '^\s*CAS_(SUBJECT|SCHOOL_DOMAIN|COHORT): ""' app.yaml; then
  echo "Fill in CAS_SUBJECT, CAS_SCHOOL_DOMAIN and CAS_COHORT in app.yaml first." >&2
  exit 2
fi
if grep -q 'PROJECT_ID' app.yaml; then
  echo "Replace PROJECT_ID in app.yaml's service_account with $project." >&2
  exit 2
fi

gcloud app deploy app.yaml deploy/cron.yaml deploy/queue.yaml --project "$project"
