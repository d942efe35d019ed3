# wssgen spec: wss://chat.example.com/wss in front of a Workerman/GatewayWorker
# WebSocket server on 127.0.0.1:8282. Reference: README.md, "Spec reference".
site "chat" {
  domain  = "chat.example.com"
  aliases = ["ws.example.com"]

  tls {
    certificate = "/etc/ssl/chat/fullchain.pem"
    key         = "/etc/ssl/chat/privkey.pem"
  }

  route "/wss" {
    backend      = "127.0.0.1:8282"
    idle_timeout = "1h"
  }
}

target "nginx" {
  version = "1.22.1"
  openssl = "3.0"
}

target "apache" {
  version = "2.4.57"
}
