/**
 * Hive Gateway (the official image, ghcr.io/graphql-hive/gateway) serving taxgraph's committed supergraph in place
 * of taxgraph's own gateway: docs/deployment.md says what an agency gains and loses. It verifies the caller's
 * RS256 token against the agency's JWKS, and signs the caller's principal for the subgraphs as taxgraph's gateway
 * does (./principal.ts), with the same shared secret: the subgraphs enforce every access rule behind it.
 *
 * Variables (the catalogue's names, docs/operators.md): SUPERGRAPH_PATH, SUBGRAPH_<NAME>_URL, JWT_JWKS_URL,
 * JWT_ISSUER, JWT_AUDIENCE, TAXGRAPH_PRINCIPAL_SECRET (a Secret), PORT.
 */
import { readFileSync } from 'node:fs';
import { createRemoteJwksSigningKeyProvider, defineConfig, extractFromHeader } from '@graphql-hive/gateway';
import { principalSigning } from './principal';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (deploy/hive-gateway/gateway.config.ts)`);
  return value;
};

const secret = required('TAXGRAPH_PRINCIPAL_SECRET');
if (secret.length < 32) throw new Error('TAXGRAPH_PRINCIPAL_SECRET must be at least 32 characters');

/** `national-tax` -> `SUBGRAPH_NATIONAL_TAX_URL`, as taxgraph's gateway names it. */
const urlVariable = (subgraph: string) => `SUBGRAPH_${subgraph.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;

/** The committed supergraph, each subgraph's URL (a development port) replaced by SUBGRAPH_<NAME>_URL where set. */
function supergraph(): string {
  return readFileSync(process.env.SUPERGRAPH_PATH ?? '/etc/taxgraph/supergraph.graphql', 'utf8').replace(
    /(@join__graph\(name: "([^"]+)", url: ")[^"]+"/g,
    (whole, head: string, name: string) => (process.env[urlVariable(name)] ? `${head}${process.env[urlVariable(name)]}"` : whole),
  );
}

export const gatewayConfig = defineConfig({
  supergraph,
  port: Number(process.env.PORT ?? 4000),
  host: '0.0.0.0',
  jwt: {
    tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
    signingKeyProviders: [createRemoteJwksSigningKeyProvider({ jwksUri: required('JWT_JWKS_URL') })],
    tokenVerification: {
      algorithms: ['RS256'],
      ...(process.env.JWT_ISSUER ? { issuer: process.env.JWT_ISSUER } : {}),
      ...(process.env.JWT_AUDIENCE ? { audience: process.env.JWT_AUDIENCE } : {}),
    },
    reject: { missingToken: true, invalidToken: true },
    // The subgraphs trust only taxgraph's signed principal, not forwarded claims.
    forward: { payload: false, token: false },
  },
  // Errors as the subgraphs give them (their catalogue's codes), not Hive's "Unexpected error.".
  maskedErrors: false,
  // Every subgraph call carries the caller's principal, signed as taxgraph's gateway signs it.
  plugins: () => [principalSigning(secret)],
});
