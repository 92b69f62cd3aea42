#!/usr/bin/env bash
# Deletes the stack that deploy.sh created in LocalStack.
#
#   infrastructure/localstack/destroy.sh [--purge]
#
# The template retains its DynamoDB table, dead-letter queues and secrets on stack deletion
# (DeletionPolicy: Retain), as on AWS. --purge also deletes those and the deployment bucket.
# Environment: LOCALSTACK_ENDPOINT, STACK_NAME, AWS_DEFAULT_REGION, DEPLOY_BUCKET, as for deploy.sh.
set -euo pipefail

endpoint="${LOCALSTACK_ENDPOINT:-http://127.0.0.1:4566}"
endpoint="${endpoint%/}"
stack="${STACK_NAME:-serverless-checkout}"
region="${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}"
bucket="${DEPLOY_BUCKET:-checkout-deployments}"
purge=0

for argument in "$@"; do
    case "$argument" in
        --purge) purge=1 ;;
        *) echo "destroy: unknown argument '$argument' (only --purge)" >&2; exit 1 ;;
    esac
done

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION="$region"
unset AWS_SESSION_TOKEN AWS_PROFILE
export AWS_PAGER=""

command -v aws >/dev/null 2>&1 || { echo "destroy: the AWS CLI is needed" >&2; exit 1; }
curl -fsS --max-time 5 "$endpoint/_localstack/health" >/dev/null 2>&1 \
    || { echo "destroy: LocalStack does not answer at $endpoint" >&2; exit 1; }

awsls() {
    aws --endpoint-url "$endpoint" --region "$region" "$@"
}

if ! awsls cloudformation describe-stacks --stack-name "$stack" >/dev/null 2>&1; then
    echo "Stack $stack does not exist at $endpoint."
    tables="" queues="" secrets=""
else
    retained() {
        awsls cloudformation describe-stack-resources --stack-name "$stack" \
            --query "StackResources[?ResourceType=='$1'].PhysicalResourceId" --output text
    }
    tables="$(retained AWS::DynamoDB::Table)"
    queues="$(retained AWS::SQS::Queue)"
    secrets="$(retained AWS::SecretsManager::Secret)"
    echo "Deleting stack $stack ..."
    awsls cloudformation delete-stack --stack-name "$stack"
    awsls cloudformation wait stack-delete-complete --stack-name "$stack"
    echo "Stack $stack deleted."
fi

if [[ "$purge" == 1 ]]; then
    for table in $tables; do
        if awsls dynamodb describe-table --table-name "$table" >/dev/null 2>&1; then
            awsls dynamodb delete-table --table-name "$table" >/dev/null
            echo "Deleted retained table $table."
        fi
    done
    for queue in $queues; do
        if awsls sqs get-queue-attributes --queue-url "$queue" >/dev/null 2>&1; then
            awsls sqs delete-queue --queue-url "$queue" >/dev/null
            echo "Deleted retained queue $queue."
        fi
    done
    for secret in $secrets; do
        if awsls secretsmanager describe-secret --secret-id "$secret" >/dev/null 2>&1; then
            awsls secretsmanager delete-secret --secret-id "$secret" --force-delete-without-recovery >/dev/null
            echo "Deleted retained secret $secret."
        fi
    done
    if awsls s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then
        awsls s3 rb "s3://$bucket" --force >/dev/null
        echo "Deleted deployment bucket $bucket."
    fi
elif [[ -n "$tables$queues$secrets" ]]; then
    echo "Retained where the template says DeletionPolicy: Retain (the table, the dead-letter queues, the secrets)."
    echo "Run with --purge to delete them too."
fi
