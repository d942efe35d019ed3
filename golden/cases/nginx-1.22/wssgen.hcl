# Debian 12: nginx 1.22 takes http2 in listen and needs session tickets off.
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
