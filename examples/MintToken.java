import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Keys and tokens for running the service with settlement.auth.enabled=true locally. Needs only the JDK the project
 * needs (17; {@code java File.java} runs a single source file): no build, no dependencies.
 *
 * <pre>
 *   java examples/MintToken.java keys DIR
 *       writes DIR/privateKey.pem (PKCS#8, keep it) and DIR/publicKey.pem (for mp.jwt.verify.publickey.location)
 *   java examples/MintToken.java token PRIVATE-KEY.pem SUBJECT ROLE[,ROLE...] [--ttl SECONDS] [--issuer ISSUER]
 *       prints an RS256 token: sub=SUBJECT, groups=[ROLE...] (operator, solver, reader), valid for 1 h by default
 * </pre>
 *
 * The same by hand: {@code openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out privateKey.pem} and
 * {@code openssl pkey -in privateKey.pem -pubout -out publicKey.pem}.
 */
public class MintToken {
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("keys")) {
            keys(Path.of(args[1]));
        } else if (args.length >= 4 && args[0].equals("token")) {
            System.out.println(token(args));
        } else {
            System.err.println("usage: java MintToken.java keys DIR\n"
                    + "       java MintToken.java token PRIVATE-KEY.pem SUBJECT ROLE[,ROLE...] [--ttl SECONDS] [--issuer ISSUER]");
            System.exit(2);
        }
    }

    private static void keys(Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("privateKey.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(dir.resolve("publicKey.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        System.out.println("wrote " + dir.resolve("privateKey.pem") + " and " + dir.resolve("publicKey.pem"));
    }

    private static String token(String[] args) throws Exception {
        PrivateKey key = privateKey(Path.of(args[1]));
        String subject = args[2];
        List<String> groups = List.of(args[3].split(","));
        long ttl = 3600;
        String issuer = null;
        for (int i = 4; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--ttl" -> ttl = Long.parseLong(args[i + 1]);
                case "--issuer" -> issuer = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long now = Instant.now().getEpochSecond();
        List<String> claims = new ArrayList<>();
        if (issuer != null) {
            claims.add("\"iss\":" + json(issuer));
        }
        claims.add("\"sub\":" + json(subject));
        claims.add("\"groups\":[" + String.join(",", groups.stream().map(MintToken::json).toList()) + "]");
        claims.add("\"iat\":" + now);
        claims.add("\"exp\":" + (now + ttl));
        claims.add("\"jti\":" + json(UUID.randomUUID().toString()));
        String unsigned = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + base64Url("{" + String.join(",", claims) + "}");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(unsigned.getBytes(StandardCharsets.US_ASCII));
        return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
    }

    private static PrivateKey privateKey(Path file) throws Exception {
        String text = Files.readString(file);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(file + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with"
                    + " openssl pkcs8 -topk8 -nocrypt -in " + file + " -out privateKey.pem");
        }
        String body = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal. */
    private static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
