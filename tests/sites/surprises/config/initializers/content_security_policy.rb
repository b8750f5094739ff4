Rails.application.config.content_security_policy do |policy|
  policy.default_src :self, :https
  policy.connect_src :self, "https://*.zopim.com", "wss://*.zopim.com"
end
