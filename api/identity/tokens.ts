/**
 * Bearer tokens. This server issues HS256 tokens signed with the secret; it verifies them with
 * the algorithm pinned, `iss` and `aud` = `motcua`, and an expiry. RS256 tokens of an external
 * identity provider are accepted when its public key or JWKS address is configured — the key is
 * chosen by the token's algorithm, so an HS256 token is never checked against a public key.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt, { type JwtHeader, type JwtPayload, type SigningKeyCallback } from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';
import { ROLES, type Identity, type Role } from './identity.ts';

export const TOKEN_ISSUER = 'motcua';
export const TOKEN_AUDIENCE = 'motcua';

export interface TokenKeys {
  readonly secret: string;
  readonly publicKey?: string;
  readonly jwksUri?: string;
}

/** Why a token was refused; the response never says more than "invalid". */
export class TokenRejected extends Error {}

export class Tokens {
  private readonly jwks?: jwksRsa.JwksClient;
  /** made once: jsonwebtoken would otherwise turn the secret string into a key on every request */
  private readonly secretKey: KeyObject;

  constructor(private readonly keys: TokenKeys, private readonly ttlSeconds: number) {
    this.secretKey = createSecretKey(Buffer.from(keys.secret, 'utf8'));
    if (keys.jwksUri) this.jwks = jwksRsa({ jwksUri: keys.jwksUri, cache: true, rateLimit: true });
  }

  get expiresIn(): number {
    return this.ttlSeconds;
  }

  issue(identity: Identity): string {
    const { sub, ...claims } = identity;
    return jwt.sign({ ...claims }, this.secretKey, {
      algorithm: 'HS256',
      subject: sub,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: this.ttlSeconds,
    });
  }

  async verify(token: string): Promise<Identity> {
    const algorithms: jwt.Algorithm[] = this.keys.publicKey || this.jwks ? ['HS256', 'RS256'] : ['HS256'];
    const payload = await new Promise<JwtPayload>((resolvePromise, reject) => {
      jwt.verify(
        token,
        (header, callback) => this.keyFor(header, callback),
        { algorithms, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, complete: false },
        (error, decoded) => (error || !decoded || typeof decoded === 'string' ? reject(new TokenRejected(error?.message ?? 'no payload')) : resolvePromise(decoded)),
      );
    });
    return identityOf(payload);
  }

  private keyFor(header: JwtHeader, callback: SigningKeyCallback): void {
    if (header.alg === 'HS256') return callback(null, this.secretKey);
    if (header.alg !== 'RS256') return callback(new TokenRejected(`algorithm ${header.alg} not accepted`));
    if (this.keys.publicKey) return callback(null, this.keys.publicKey);
    if (!this.jwks) return callback(new TokenRejected('no public key configured'));
    this.jwks.getSigningKey(header.kid).then(
      (key) => callback(null, key.getPublicKey()),
      (error: Error) => callback(error),
    );
  }
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

function identityOf(payload: JwtPayload): Identity {
  const roles = strings(payload.roles);
  const groups = strings(payload.groups) ?? [];
  if (typeof payload.sub !== 'string' || !payload.sub) throw new TokenRejected('no sub');
  if (typeof payload.agency !== 'string' || !payload.agency) throw new TokenRejected('no agency');
  if (!roles || roles.some((role) => !ROLES.includes(role as Role))) throw new TokenRejected('bad roles');
  return {
    sub: payload.sub,
    name: typeof payload.name === 'string' ? payload.name : payload.sub,
    agency: payload.agency,
    roles: roles as Role[],
    groups,
  };
}
