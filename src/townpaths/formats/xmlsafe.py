"""Untrusted XML, parsed through defusedxml: no DTD, no entities, no external references."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from townpaths.core.errors import InputError


def parse_xml(data: bytes, where: str) -> ET.Element:
    """The root element of ``data``; unsafe or broken XML is an :class:`InputError` naming ``where``."""
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(f"unsafe XML refused ({exc.__class__.__name__})", file=where) from None
    except ET.ParseError as exc:
        raise InputError(f"not well-formed XML ({exc})", file=where) from None


def local(tag: object) -> str:
    """``{namespace}name`` -> ``name`` (comments and processing instructions -> ``""``)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: object) -> str:
    """``{namespace}name`` -> ``namespace``."""
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""
