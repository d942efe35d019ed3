# Two sites in one file: the Connection-header map must appear once.
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

site "game" {
  domain = "game.example.com"
  tls {
    certificate = "/etc/ssl/game/fullchain.pem"
    key         = "/etc/ssl/game/privkey.pem"
  }
  route "/socket" {
    backend      = "ws://127.0.0.1:9000"
    idle_timeout = "10m"
  }
  route "/lobby/" {
    backend = "ws://127.0.0.1:9001/ws"
  }
}
