"""The part of a SAM template that LocalStack serves without Docker, as a CloudFormation template (JSON).

    python docker_free_template.py TEMPLATE OUTPUT [--no-min-value PARAMETER ...]

LocalStack runs Lambda functions in Docker containers, and its community build has no API Gateway v2.
On a LocalStack without Docker (localstack.sh), this copy keeps everything else of the template as it
is (table, queues, secrets, alarms, parameters, conditions) and changes only what depends on the
functions:

- every AWS::Serverless::Function and AWS::Serverless::HttpApi, the Globals of functions, and the
  outputs that name them are left out;
- each state machine becomes the AWS::StepFunctions::StateMachine that SAM would make of it: its
  definition file inline (DefinitionString) with the same DefinitionSubstitutions, so that nothing has
  to go through S3; a substitution that named a function (its ARN or its alias) names an
  AWS::StepFunctions::Activity of the same name instead, whose tasks a worker outside LocalStack runs
  with the function's code (the LocalStack test tier does; `aws stepfunctions get-activity-task` by hand);
- CloudFront (the shop site's distribution, not in LocalStack's community build) and what refers to it are
  left out;
- parameters that nothing uses any more are left out (JwtIssuer has no default and served the API only).

--no-min-value drops a parameter's MinValue (the test tier runs the payment window in seconds).
Reads YAML with CloudFormation's short-form tags (!Ref, !GetAtt, !Sub, ...).
"""

import json
import os
import re
import sys

import yaml

DOCKER_ONLY_TYPES = ("AWS::Serverless::Function", "AWS::Serverless::HttpApi")
# LocalStack's community build has no CloudFront: the shop site's distribution is left out, with what refers
# to it (the site bucket's policy); the bucket stays.
NO_COMMUNITY_TYPES = ("AWS::CloudFront::Distribution", "AWS::CloudFront::OriginAccessControl")


class CloudFormationLoader(yaml.SafeLoader):
    pass


def _long_form(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix in ("Ref", "Condition"):
        return {suffix: value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {"Fn::" + suffix: value}


CloudFormationLoader.add_multi_constructor("!", _long_form)


def referenced_names(value):
    """Every logical id or parameter a value refers to (Ref, GetAtt, Sub variables)."""
    found = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                found.add(inner.split(".")[0])
            elif key == "Fn::GetAtt":
                target = inner[0] if isinstance(inner, list) else str(inner).split(".")[0]
                found.add(target)
            elif key == "Fn::Sub":
                text = inner[0] if isinstance(inner, list) else inner
                found.update(v.split(".")[0] for v in re.findall(r"\$\{([^}!][^}]*)}", text))
            found.update(referenced_names(inner))
    elif isinstance(value, list):
        for inner in value:
            found.update(referenced_names(inner))
    return found


def function_named(value, functions):
    """The function a substitution value refers to (Ref F, Ref F.Alias, Ref FAlias<name>, GetAtt F.Arn), or None."""
    if isinstance(value, dict) and len(value) == 1:
        names = referenced_names(value)
        for function in functions:
            if any(name == function or re.fullmatch(re.escape(function) + r"Alias\w+", name) for name in names):
                return function
    return None


def docker_free(template, template_dir, no_min_value=()):
    resources = template["Resources"]
    functions = {name for name, resource in resources.items() if resource["Type"] == "AWS::Serverless::Function"}
    for name in [name for name, resource in resources.items() if resource["Type"] in DOCKER_ONLY_TYPES]:
        del resources[name]
    without_cloudfront = [name for name, resource in resources.items() if resource["Type"] in NO_COMMUNITY_TYPES]
    for name in without_cloudfront:
        del resources[name]
    for name in [name for name, resource in resources.items() if referenced_names(resource) & set(without_cloudfront)]:
        del resources[name]
    template.get("Globals", {}).pop("Function", None)
    if not template.get("Globals"):
        template.pop("Globals", None)

    for name, resource in list(resources.items()):
        if resource["Type"] != "AWS::Serverless::StateMachine":
            continue
        properties = resource["Properties"]
        substitutions = {}
        for key, value in properties.get("DefinitionSubstitutions", {}).items():
            function = function_named(value, functions)
            if function is not None:
                activity = function + "Activity"
                resources[activity] = {"Type": "AWS::StepFunctions::Activity", "Properties": {"Name": function}}
                value = {"Ref": activity}
            substitutions[key] = value
        with open(os.path.join(template_dir, properties["DefinitionUri"]), encoding="utf-8") as definition:
            definition_string = definition.read()
        role = name + "Role"
        resources[role] = {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}],
                },
            },
        }
        resources[name] = {
            "Type": "AWS::StepFunctions::StateMachine",
            "Properties": {
                "StateMachineType": properties.get("Type", "STANDARD"),
                "DefinitionString": definition_string,
                "DefinitionSubstitutions": substitutions,
                "RoleArn": {"Fn::GetAtt": [role, "Arn"]},
            },
        }
        for attribute in ("DeletionPolicy", "UpdateReplacePolicy", "Condition", "DependsOn"):
            if attribute in resource:
                resources[name][attribute] = resource[attribute]

    outputs = template.get("Outputs", {})
    for output in [o for o, v in outputs.items() if not referenced_names(v) <= set(resources) | set(template.get("Parameters", {})) | {"AWS"}]:
        del outputs[output]

    still_used = referenced_names({k: v for k, v in template.items() if k != "Parameters"})
    parameters = template.get("Parameters", {})
    for parameter in [p for p in parameters if p not in still_used]:
        del parameters[parameter]
    for parameter in no_min_value:
        parameters.get(parameter, {}).pop("MinValue", None)
    return template


def main(arguments):
    if len(arguments) < 2:
        sys.exit(__doc__)
    source, target = arguments[0], arguments[1]
    no_min_value = []
    rest = arguments[2:]
    while rest:
        if rest[0] == "--no-min-value" and len(rest) > 1:
            no_min_value.append(rest[1])
            rest = rest[2:]
        else:
            sys.exit("unknown argument " + rest[0])
    with open(source, encoding="utf-8") as f:
        template = yaml.load(f, Loader=CloudFormationLoader)
    result = docker_free(template, os.path.dirname(os.path.abspath(source)), no_min_value)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
