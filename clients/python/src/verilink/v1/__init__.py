"""Generated code of the protobuf package verilink.v1 (messages, enums and gRPC stubs).

Written by clients/python/generate from proto/verilink/v1: do not edit.
"""
