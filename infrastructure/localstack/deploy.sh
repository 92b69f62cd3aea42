#!/usr/bin/env bash
# Deploys infrastructure/template.yaml to a running LocalStack, then prints the stack outputs.
#
# With Docker (LocalStack runs the functions in containers): builds the function jars and deploys the whole
# template with samlocal when it is installed, otherwise with the AWS CLI (cloudformation package + deploy
# through a bucket in LocalStack).
# Without Docker (LocalStack started by localstack.sh): deploys the part LocalStack serves without Docker,
# written by docker_free_template.py: table, queues, secrets, alarms, and the state machine with its two
# function steps as Step Functions activities (README.md, "Without Docker").
#
#   infrastructure/localstack/deploy.sh [ParameterKey=Value ...]
#
# Environment (all optional):
#   LOCALSTACK_ENDPOINT     default http://127.0.0.1:4566
#   STACK_NAME              default serverless-checkout
#   AWS_DEFAULT_REGION      default us-east-1
#   DEPLOY_BUCKET           default checkout-deployments (AWS CLI path only)
#   JWT_ISSUER, JWT_AUDIENCE, PAYMENT_WINDOW_SECONDS  passed as JwtIssuer, JwtAudience, PaymentWindowSeconds
#   SKIP_BUILD=1            deploy the jars already in functions/*/target
#   DEPLOY_WITH=aws|samlocal  force one tool (with Docker)
#   WITHOUT_DOCKER=1        deploy the Docker-free part even where Docker answers
#   LOCALSTACK_HOME         where localstack.sh installed LocalStack (its venv's Python reads the template)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
template="$root/infrastructure/template.yaml"

# 127.0.0.1, not localhost.localstack.cloud: that name is resolved by public DNS, which an offline machine lacks.
endpoint="${LOCALSTACK_ENDPOINT:-http://127.0.0.1:4566}"
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

# --- Docker or not -------------------------------------------------------------------------------
without_docker="${WITHOUT_DOCKER:-0}"
if [[ "$without_docker" != 1 ]] && ! { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }; then
    echo "deploy: Docker does not answer here: deploying the part of the template LocalStack serves without Docker" >&2
    echo "        (no functions, no HTTP API; the state machine's function steps become activities)." >&2
    without_docker=1
fi

# --- tools --------------------------------------------------------------------------------------
command -v curl >/dev/null 2>&1 || fail "curl is needed to reach LocalStack's health endpoint"
tool="${DEPLOY_WITH:-}"
if [[ "$without_docker" == 1 ]]; then
    tool=aws
elif [[ -z "$tool" ]]; then
    if command -v samlocal >/dev/null 2>&1; then tool=samlocal; else tool=aws; fi
fi
case "$tool" in
    samlocal) command -v samlocal >/dev/null 2>&1 || fail "samlocal is not installed (pip install aws-sam-cli-local)" ;;
    aws) command -v aws >/dev/null 2>&1 || fail "the AWS CLI is not installed (apt-get install awscli, or AWS CLI v2; or pip install aws-sam-cli-local)" ;;
    *) fail "DEPLOY_WITH must be aws or samlocal, was '$tool'" ;;
esac

# --- LocalStack ---------------------------------------------------------------------------------
health="$(curl -fsS --max-time 5 "$endpoint/_localstack/health" 2>/dev/null)" \
    || fail "LocalStack does not answer at $endpoint/_localstack/health; start it with infrastructure/localstack/localstack.sh start (see README.md) or set LOCALSTACK_ENDPOINT"
needed=(cloudformation dynamodb sqs stepfunctions iam secretsmanager cloudwatch)
[[ "$without_docker" == 1 ]] || needed+=(s3 lambda)
for service in "${needed[@]}"; do
    if ! grep -Eq "\"$service\": *\"(available|running)\"" <<<"$health"; then
        fail "LocalStack at $endpoint does not offer $service (health: $health)"
    fi
done
# The edition field says "unknown" on localstack-core; what matters is whether API Gateway v2 is offered.
if [[ "$without_docker" != 1 ]] && grep -Eq 'Type:[[:space:]]*AWS::(Serverless::HttpApi|ApiGatewayV2::)' "$template" \
    && ! grep -Eq '"apigatewayv2": *"(available|running)"' <<<"$health"; then
    echo "deploy: warning: this LocalStack offers no API Gateway v2 (a licensed LocalStack does, with LOCALSTACK_AUTH_TOKEN)." >&2
    echo "        The template's HTTP API is skipped or deployed without a URL; the rest deploys." >&2
fi

# --- build --------------------------------------------------------------------------------------
if [[ "$without_docker" != 1 ]]; then
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
    # The JWT authorizer trusts JwtIssuer, which has no default (no deploy trusts a placeholder).
    if [[ -z "${JWT_ISSUER:-}" ]] && ! printf '%s\n' "${parameters[@]+"${parameters[@]}"}" | grep -q '^JwtIssuer='; then
        fail "set JWT_ISSUER (or pass JwtIssuer=https://...): the issuer whose tokens the HTTP API accepts"
    fi
fi

# --- deploy -------------------------------------------------------------------------------------
echo "Deploying stack $stack to $endpoint with $tool ..."
if [[ "$without_docker" == 1 ]]; then
    python="${LOCALSTACK_HOME:-$here/target/localstack}/venv/bin/python"
    [[ -x "$python" ]] || python=python3
    "$python" -c 'import yaml' 2>/dev/null || fail "$python has no PyYAML; run infrastructure/localstack/localstack.sh install, or pip install pyyaml"
    docker_free="$(mktemp "${TMPDIR:-/tmp}/checkout-docker-free.XXXXXX.json")"
    trap 'rm -f "$docker_free"' EXIT
    "$python" "$here/docker_free_template.py" "$template" "$docker_free"
    # Parameters the copy no longer has (JwtIssuer, JwtAudience: the HTTP API's) are dropped here too.
    kept=()
    for parameter in "${parameters[@]+"${parameters[@]}"}"; do
        if grep -q "\"${parameter%%=*}\": {" "$docker_free"; then kept+=("$parameter"); fi
    done
    parameters=("${kept[@]+"${kept[@]}"}")
    tool=docker-free
fi
case "$tool" in
    docker-free)
        awsls cloudformation deploy \
            --template-file "$docker_free" \
            --stack-name "$stack" \
            --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
            --no-fail-on-empty-changeset \
            ${parameters[@]+--parameter-overrides "${parameters[@]}"}
        ;;
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
