# nginx 1.25.1: "http2 on" replaces listen's http2; ticket keys rotate by themselves.
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

target "nginx" {
  version = "1.25.1"
  openssl = "3.0.13"
}
