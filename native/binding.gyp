# Build description of the optional batched-UDP addon (scripts/build-native.mjs runs node-gyp on it).
# Linux only (recvmmsg/sendmmsg); elsewhere nothing is built and the name server uses node:dgram.
{
  "targets": [
    {
      "target_name": "dynzone_udp",
      "conditions": [
        ["OS=='linux'", {
          "sources": ["udp_batch.c"],
          "cflags": ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
          "defines": ["NAPI_VERSION=8"]
        }]
      ]
    }
  ]
}
