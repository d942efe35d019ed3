# The smallest useful spec: one site, one route, no target versions.
site "chat" {
  domain = "chat.example.com"

  tls {
    certificate = "/etc/ssl/chat/fullchain.pem"
    key         = "/etc/ssl/chat/privkey.pem"
  }

  route "/wss" {
    backend = "127.0.0.1:8282"
  }
}
