#!/usr/bin/env bash
# Deploys infrastructure/template.yaml to a running LocalStack: builds the function jars, checks that
# Docker and LocalStack answer, deploys with samlocal when it is installed (otherwise with the AWS CLI:
# cloudformation package + deploy through a bucket in LocalStack), then prints the stack outputs.
#
#   infrastructure/localstack/deploy.sh [ParameterKey=Value ...]
#
# Environment (all optional):
#   LOCALSTACK_ENDPOINT     default http://localhost.localstack.cloud:4566
#   STACK_NAME              default serverless-checkout
#   AWS_DEFAULT_REGION      default us-east-1
#   DEPLOY_BUCKET           default checkout-deployments (AWS CLI path only)
#   JWT_ISSUER, JWT_AUDIENCE, PAYMENT_WINDOW_SECONDS  passed as JwtIssuer, JwtAudience, PaymentWindowSeconds
#   SKIP_BUILD=1            deploy the jars already in functions/*/target
#   DEPLOY_WITH=aws|samlocal  force one tool
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
template="$root/infrastructure/template.yaml"

endpoint="${LOCALSTACK_ENDPOINT:-http://localhost.localstack.cloud:4566}"
endpoint="${endpoint%/}"
stack="${STACK_NAME:-serverless-checkout}"
region="${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}"
bucket="${DEPLOY_BUCKET:-checkout-deployments}"

# LocalStack accepts any credentials; these keep real ones out of the way.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION="$region"
unset AWS_SESSION_TOKEN AWS_PROFILE
export AWS_ENDPOINT_URL="$endpoint"
export AWS_PAGER=""

fail() {
    echo "deploy: $*" >&2
    exit 1
}

awsls() {
    aws --endpoint-url "$endpoint" --region "$region" "$@"
}

# --- parameters ---------------------------------------------------------------------------------
parameters=()
[[ -n "${JWT_ISSUER:-}" ]] && parameters+=("JwtIssuer=$JWT_ISSUER")
[[ -n "${JWT_AUDIENCE:-}" ]] && parameters+=("JwtAudience=$JWT_AUDIENCE")
[[ -n "${PAYMENT_WINDOW_SECONDS:-}" ]] && parameters+=("PaymentWindowSeconds=$PAYMENT_WINDOW_SECONDS")
for argument in "$@"; do
    [[ "$argument" == *=* ]] || fail "arguments are template parameters as Key=Value, got '$argument'"
    parameters+=("$argument")
done

# --- tools --------------------------------------------------------------------------------------
tool="${DEPLOY_WITH:-}"
if [[ -z "$tool" ]]; then
    if command -v samlocal >/dev/null 2>&1; then tool=samlocal; else tool=aws; fi
fi
case "$tool" in
    samlocal) command -v samlocal >/dev/null 2>&1 || fail "samlocal is not installed (pip install aws-sam-cli-local)" ;;
    aws) command -v aws >/dev/null 2>&1 || fail "neither samlocal nor the AWS CLI is installed (pip install aws-sam-cli-local, or install AWS CLI v2)" ;;
    *) fail "DEPLOY_WITH must be aws or samlocal, was '$tool'" ;;
esac
command -v curl >/dev/null 2>&1 || fail "curl is needed to reach LocalStack's health endpoint"

# --- build --------------------------------------------------------------------------------------
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "Building the function jars ..."
    (cd "$root" && ./mvnw -q -DskipTests package)
fi

# Every CodeUri of the template must exist; the list comes from the template, not from this script.
missing=0
while IFS= read -r code_uri; do
    [[ -z "$code_uri" ]] && continue
    if [[ ! -e "$root/infrastructure/$code_uri" ]]; then
        echo "deploy: the template's CodeUri $code_uri does not exist (is its module built?)" >&2
        missing=1
    fi
done < <(sed -n 's/^[[:space:]]*CodeUri:[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$template")
[[ "$missing" == 0 ]] || exit 1

# --- Docker and LocalStack ----------------------------------------------------------------------
if [[ "${SKIP_DOCKER_CHECK:-0}" != 1 ]]; then
    command -v docker >/dev/null 2>&1 || fail "docker is not installed; LocalStack runs in Docker and runs each Lambda function in a container"
    docker info >/dev/null 2>&1 || fail "the Docker daemon does not answer (docker info failed); start Docker, then LocalStack (see infrastructure/localstack/README.md)"
fi
health="$(curl -fsS --max-time 5 "$endpoint/_localstack/health" 2>/dev/null)" \
    || fail "LocalStack does not answer at $endpoint/_localstack/health; start it with 'localstack start -d' (see README.md) or set LOCALSTACK_ENDPOINT"
for service in cloudformation s3 lambda dynamodb sqs stepfunctions iam; do
    if ! grep -Eq "\"$service\": *\"(available|running)\"" <<<"$health"; then
        fail "LocalStack at $endpoint does not offer $service (health: $health)"
    fi
done
edition="$(sed -n 's/.*"edition": *"\([^"]*\)".*/\1/p' <<<"$health")"
if grep -Eq 'Type:[[:space:]]*AWS::(Serverless::HttpApi|ApiGatewayV2::)' "$template" && [[ "$edition" == community ]]; then
    echo "deploy: warning: LocalStack runs the '${edition:-unknown}' edition; the template's HTTP API (API Gateway v2)" >&2
    echo "        needs a licensed LocalStack (LOCALSTACK_AUTH_TOKEN). The rest deploys; the API is not served." >&2
fi

# --- deploy -------------------------------------------------------------------------------------
echo "Deploying stack $stack to $endpoint with $tool ..."
case "$tool" in
    samlocal)
        samlocal deploy \
            --template-file "$template" \
            --stack-name "$stack" \
            --region "$region" \
            --resolve-s3 \
            --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
            --no-confirm-changeset \
            --no-fail-on-empty-changeset \
            ${parameters[@]+--parameter-overrides "${parameters[@]}"}
        ;;
    aws)
        if ! awsls s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then
            awsls s3 mb "s3://$bucket" >/dev/null
        fi
        packaged="$(mktemp "${TMPDIR:-/tmp}/checkout-packaged.XXXXXX.yaml")"
        trap 'rm -f "$packaged"' EXIT
        awsls cloudformation package \
            --template-file "$template" \
            --s3-bucket "$bucket" \
            --output-template-file "$packaged" >/dev/null
        awsls cloudformation deploy \
            --template-file "$packaged" \
            --stack-name "$stack" \
            --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
            --no-fail-on-empty-changeset \
            ${parameters[@]+--parameter-overrides "${parameters[@]}"}
        ;;
esac

# --- outputs ------------------------------------------------------------------------------------
echo
echo "Stack outputs ($stack):"
if command -v aws >/dev/null 2>&1; then
    outputs="$(awsls cloudformation describe-stacks --stack-name "$stack" \
        --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text)"
else
    outputs="$(samlocal list stack-outputs --stack-name "$stack" --region "$region" --output table)"
fi
echo "$outputs"
# An execute-api URL on AWS is served by LocalStack under its own host name.
api_urls="$(grep -Eo 'https://[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com[^[:space:]]*' <<<"$outputs" || true)"
if [[ -n "$api_urls" ]]; then
    echo
    echo "On LocalStack the HTTP API answers at:"
    port="${endpoint##*:}"
    [[ "$port" =~ ^[0-9]+$ ]] || port=4566
    sed -E "s#https://([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com#http://\1.execute-api.localhost.localstack.cloud:$port#" <<<"$api_urls"
fi
