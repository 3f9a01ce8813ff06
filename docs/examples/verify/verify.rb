# Verifies a Standard Webhooks delivery: ruby verify.rb < body.json
require "openssl"

TOLERANCE_SECONDS = 5 * 60

# whsec_ + base64 (generated secrets) is the decoded bytes; any other secret its UTF-8 bytes.
def signing_key(secret)
  key = secret.delete_prefix("whsec_").unpack1("m0") # m0: strict base64, raises when it is not
  key.empty? ? secret : key
rescue ArgumentError
  secret
end

# Raises ArgumentError unless the delivery is genuine and recent.
def verify!(secret, id, timestamp, signature, body)
  raise ArgumentError, "the secret is empty" if secret.empty?
  unless timestamp.match?(/\A\d+\z/) && (Time.now.to_i - timestamp.to_i).abs <= TOLERANCE_SECONDS
    raise ArgumentError, "webhook-timestamp is missing or more than 5 minutes from now"
  end
  digest = OpenSSL::HMAC.digest("SHA256", signing_key(secret), "#{id}.#{timestamp}.".b + body)
  expected = [digest].pack("m0")
  # One "v1,<base64>" per live secret, space-separated: any match will do (secret rotation).
  return if signature.split.any? { |entry| entry.start_with?("v1,") && OpenSSL.secure_compare(entry[3..], expected) }

  raise ArgumentError, "no webhook-signature matches this body and secret"
end

begin
  verify!(ENV.fetch("WEBHOOK_SECRET"), ENV.fetch("WEBHOOK_ID"), ENV.fetch("WEBHOOK_TIMESTAMP"),
          ENV.fetch("WEBHOOK_SIGNATURE"), $stdin.binmode.read)
  puts "verified"
rescue KeyError, ArgumentError => e
  abort "not verified: #{e.message}"
end
