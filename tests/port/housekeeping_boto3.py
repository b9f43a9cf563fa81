"""A housekeeping script as written for plain boto3: the starting point of a port.

tests/test_port.py runs it against moto, then runs housekeeping.py, the same
script ported to ECRClient, and checks what the port had to change.
"""

from __future__ import annotations

import json
from typing import Any

ACCOUNT = "123456789012"
KEEP_TEN = {
    "rules": [
        {
            "rulePriority": 1,
            "description": "keep the ten newest images",
            "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10},
            "action": {"type": "expire"},
        }
    ]
}


def housekeeping(raw: Any, manifests: dict[str, str]) -> dict[str, Any]:
    ecr = raw
    name = "team/housekeeping"
    created = ecr.create_repository(
        repositoryName=name,
        tags=[{"Key": "team", "Value": "platform"}, {"Key": "cost-centre", "Value": "42"}],
        imageTagMutability="MUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
        encryptionConfiguration={"encryptionType": "AES256"},
    )
    arn = created["repository"]["repositoryArn"]
    ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=json.dumps(KEEP_TEN))
    for tag, manifest in manifests.items():
        ecr.put_image(repositoryName=name, imageManifest=manifest, imageTag=tag)

    first = ecr.describe_images(
        repositoryName=name, imageIds=[{"imageTag": "v1"}], filter={"tagStatus": "TAGGED"}
    )
    digest = first["imageDetails"][0]["imageDigest"]
    tags: list[str] = []
    paginator = ecr.get_paginator("describe_images")
    pages = paginator.paginate(
        repositoryName=name,
        filter={"tagStatus": "TAGGED"},
        PaginationConfig={"MaxItems": 100, "PageSize": 2},
    )
    for page in pages:
        for detail in page["imageDetails"]:
            tags.extend(detail["imageTags"])

    ecr.start_image_scan(repositoryName=name, imageId={"imageTag": "v1"})
    waiter = ecr.get_waiter("image_scan_complete")
    waiter.wait(
        repositoryName=name,
        imageId={"imageTag": "v1"},
        WaiterConfig={"Delay": 1, "MaxAttempts": 10},
    )
    scan = ecr.describe_image_scan_findings(repositoryName=name, imageId={"imageTag": "v1"})
    severities = scan["imageScanFindings"]["findingSeverityCounts"]

    deleted = ecr.batch_delete_image(
        repositoryName=name, imageIds=[{"imageTag": tag} for tag in sorted(tags) if tag != "v1"]
    )
    removed = [image["imageTag"] for image in deleted["imageIds"]]

    auth = ecr.get_authorization_token()
    endpoint = auth["authorizationData"][0]["proxyEndpoint"]

    ecr.put_replication_configuration(
        replicationConfiguration={
            "rules": [
                {
                    "destinations": [{"region": "eu-west-1", "registryId": ACCOUNT}],
                    "repositoryFilters": [{"filter": "team", "filterType": "PREFIX_MATCH"}],
                }
            ]
        }
    )
    registry = ecr.describe_registry()
    rules = registry["replicationConfiguration"]["rules"]
    region = rules[0]["destinations"][0]["region"]

    ecr.delete_repository(repositoryName=name, force=True)
    try:
        ecr.describe_images(repositoryName=name)
        gone = False
    except ecr.exceptions.RepositoryNotFoundException:
        gone = True
    return {
        "arn": arn,
        "digest": digest,
        "tags": sorted(tags),
        "severities": dict(severities),
        "removed": sorted(removed),
        "endpoint": endpoint,
        "region": region,
        "gone": gone,
    }
