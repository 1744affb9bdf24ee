/**
 * Jest setupFile: the secrets every test process shares (and passes to the processes it starts):
 * the gateway's HS256 token secret and the principal-signing secret of gateway and subgraphs.
 */
import 'reflect-metadata';

process.env.TAXGRAPH_PRINCIPAL_SECRET ??= 'test-principal-secret-0123456789abcdef0123456789';
process.env.JWT_SECRET ??= 'test-jwt-secret-0123456789abcdef0123456789abcdef';
