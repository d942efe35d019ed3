# nginx 1.29 on OpenSSL 3.5: the post-quantum hybrid group leads the curve list.
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
  version = "1.29.3"
  openssl = "3.5.1"
}

target "apache" {
  version = "2.4.65"
  openssl = "3.5.1"
}
