// Verifies a Standard Webhooks delivery: go run verify.go < body.json
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

const toleranceSeconds = 5 * 60

// signingKey returns the HMAC key: whsec_ + base64 (generated secrets) decoded, any other secret as its UTF-8 bytes.
func signingKey(secret string) []byte {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || len(key) == 0 {
		return []byte(secret)
	}
	return key
}

// Verify returns an error unless the delivery is genuine and recent.
func Verify(secret, id, timestamp, signature string, body []byte) error {
	if secret == "" {
		return errors.New("the secret is empty")
	}
	seconds, err := strconv.ParseInt(timestamp, 10, 64)
	if age := time.Now().Unix() - seconds; err != nil || age > toleranceSeconds || age < -toleranceSeconds {
		return errors.New("webhook-timestamp is missing or more than 5 minutes from now")
	}
	mac := hmac.New(sha256.New, signingKey(secret))
	fmt.Fprintf(mac, "%s.%s.", id, timestamp)
	mac.Write(body)
	expected := []byte(base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	// One "v1,<base64>" per live secret, space-separated: any match will do (secret rotation).
	for _, entry := range strings.Fields(signature) {
		if strings.HasPrefix(entry, "v1,") && hmac.Equal([]byte(entry[3:]), expected) {
			return nil
		}
	}
	return errors.New("no webhook-signature matches this body and secret")
}

func main() {
	body, err := io.ReadAll(os.Stdin)
	if err == nil {
		err = Verify(os.Getenv("WEBHOOK_SECRET"), os.Getenv("WEBHOOK_ID"),
			os.Getenv("WEBHOOK_TIMESTAMP"), os.Getenv("WEBHOOK_SIGNATURE"), body)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "not verified:", err)
		os.Exit(1)
	}
	fmt.Println("verified")
}
