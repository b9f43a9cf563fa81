"""Checked by mypy and pyright in tests/test_typing.py, never run: requests as objects or as
boto3's mappings, mixed; marked lines must fail."""

from ecr_attrs import ECRClient, ImageScanningConfigurationTypeDef, TagTypeDef, UnknownValue
from ecr_attrs.request_dicts import CreateRepositoryKwargs, ImageScanningConfigurationDict, TagDict

client = ECRClient(object())

client.create_repository(
    repositoryName="web",
    tags=[{"Key": "team", "Value": "platform"}, TagTypeDef(Key="tier", Value="1")],
    imageTagMutability="IMMUTABLE",
    imageScanningConfiguration={"scanOnPush": True},
    encryptionConfiguration={"encryptionType": "KMS", "kmsKey": "alias/web"},
)
client.create_repository(repositoryName="web", imageScanningConfiguration=ImageScanningConfigurationTypeDef())
client.put_image_tag_mutability(repositoryName="web", imageTagMutability=UnknownValue("NEWER"))
client.describe_images(repositoryName="web", imageIds=[{"imageTag": "v1"}], filter={"tagStatus": "TAGGED"})
client.put_replication_configuration(
    replicationConfiguration={
        "rules": [
            {
                "destinations": [{"region": "eu-west-1", "registryId": "123456789012"}],
                "repositoryFilters": [{"filter": "team", "filterType": "PREFIX_MATCH"}],
            }
        ]
    }
)
pages = client.get_paginator("describe_images").paginate(
    repositoryName="web", PaginationConfig={"MaxItems": 100, "PageSize": 2}
)
waiter = client.get_waiter("image_scan_complete")
waiter.wait(repositoryName="web", imageId={"imageTag": "v1"}, WaiterConfig={"Delay": 1, "MaxAttempts": 10})

web = "team/web"
client.create_repository(repositoryName=web, tags=[{"Key": "a", "Valeu": "b"}])  # error expected
client.create_repository(repositoryName=web, tags=[{"Key": "team"}])  # error expected: Value is required
client.create_repository(repositoryName=web, imageTagMutability="IMMUTABEL")  # error expected: a typo
client.describe_images(repositoryName=web, filter={"tagStatus": "TAGED"})  # error expected: a typo
client.describe_images(repositoryName=web, imageIds=[{"imageTag": 1}])  # error expected: a tag is a str
waiter.wait(repositoryName=web, imageId={"imageTag": "v1"}, WaiterConfig={"Delay": "1"})  # error expected

# Dicts built ahead of the call, annotated with the public TypedDicts.
scanning: ImageScanningConfigurationDict = {"scanOnPush": True}
team_tags: list[TagDict] = [{"Key": "team", "Value": "platform"}]
client.create_repository(repositoryName=web, imageScanningConfiguration=scanning, tags=team_tags)
arguments: CreateRepositoryKwargs = {"repositoryName": web, "imageTagMutability": "MUTABLE"}
client.create_repository(**arguments)
typo: ImageScanningConfigurationDict = {"scanOnPushh": True}  # error expected: a misspelt key
