# A backend that itself speaks TLS (wss://) and names a path.
site "chat" {
  domain = "chat.example.com"
  tls {
    certificate = "/etc/ssl/chat/fullchain.pem"
    key         = "/etc/ssl/chat/privkey.pem"
  }
  route "/wss" {
    backend = "wss://localhost:8443/socket"
  }
}

target "apache" {
  version = "2.4.57"
}
