"""Checked by mypy in tests/test_typing.py, never run: the marked line must be an error."""

from ecr_attrs import CreateRepositoryRequestRequestTypeDef, ImageDetailTypeDef, structure

request = CreateRepositoryRequestRequestTypeDef(repositoryName=123)  # error expected: int is not str

detail = structure({"imageTags": ["v1"]}, ImageDetailTypeDef)
tags: tuple[str, ...] | None = detail.imageTags
size: str | None = detail.imageSizeInBytes  # error expected: int is not str
