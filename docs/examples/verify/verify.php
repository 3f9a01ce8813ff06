<?php
// Verifies a Standard Webhooks delivery: php verify.php < body.json

const TOLERANCE_SECONDS = 5 * 60;

// whsec_ + base64 (generated secrets) is the decoded bytes; any other secret its UTF-8 bytes.
function signing_key(string $secret): string
{
    $encoded = str_starts_with($secret, 'whsec_') ? substr($secret, 6) : $secret;
    $key = strlen($encoded) % 4 === 0 ? base64_decode($encoded, true) : false;
    return $key === false || $key === '' ? $secret : $key;
}

/** Throws UnexpectedValueException unless the delivery is genuine and recent. */
function verify_webhook(string $secret, string $id, string $timestamp, string $signature, string $body): void
{
    if ($secret === '') {
        throw new UnexpectedValueException('the secret is empty');
    }
    if (!preg_match('/\A\d+\z/', $timestamp) || abs(time() - (int) $timestamp) > TOLERANCE_SECONDS) {
        throw new UnexpectedValueException('webhook-timestamp is missing or more than 5 minutes from now');
    }
    $expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$body", signing_key($secret), true));
    // One "v1,<base64>" per live secret, space-separated: any match will do (secret rotation).
    foreach (explode(' ', $signature) as $entry) {
        if (str_starts_with($entry, 'v1,') && hash_equals($expected, substr($entry, 3))) {
            return;
        }
    }
    throw new UnexpectedValueException('no webhook-signature matches this body and secret');
}

try {
    verify_webhook((string) getenv('WEBHOOK_SECRET'), (string) getenv('WEBHOOK_ID'),
        (string) getenv('WEBHOOK_TIMESTAMP'), (string) getenv('WEBHOOK_SIGNATURE'), file_get_contents('php://stdin'));
} catch (UnexpectedValueException $e) {
    fwrite(STDERR, "not verified: {$e->getMessage()}\n");
    exit(1);
}
echo "verified\n";
