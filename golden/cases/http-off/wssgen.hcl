# http = 0: no plain-http server (no redirect, no ACME webroot).
site "chat" {
  domain = "chat.example.com"
  listen {
    http = 0
  }
  tls {
    certificate = "/etc/ssl/chat/fullchain.pem"
    key         = "/etc/ssl/chat/privkey.pem"
    hsts        = false
  }
  route "/wss" {
    backend = "127.0.0.1:8282"
  }
}
