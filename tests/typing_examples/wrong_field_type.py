"""Checked by mypy and pyright in tests/test_typing.py, never run: each marked line must be an error."""

from typing import assert_type

from ecr_attrs import CreateRepositoryRequestRequestTypeDef, ImageDetailTypeDef, TagTypeDef, structure

request = CreateRepositoryRequestRequestTypeDef(repositoryName=123)  # error expected: int is not str

detail = structure({"imageTags": ["v1"]}, ImageDetailTypeDef)
tags: tuple[str, ...] | None = detail.imageTags
size: str | None = detail.imageSizeInBytes  # error expected: int is not str

# A list field takes any sequence of its element class, and stores a tuple.
tagged = CreateRepositoryRequestRequestTypeDef(
    repositoryName="team/web", tags=[TagTypeDef(Key="a", Value="b")]
)
assert_type(tagged.tags, tuple[TagTypeDef, ...] | None)
untyped = CreateRepositoryRequestRequestTypeDef(
    repositoryName="team/web",
    tags=[{"Key": "a", "Value": "b"}],  # error expected: a dict is not a TagTypeDef
)
