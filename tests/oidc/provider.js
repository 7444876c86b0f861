// A real OpenID Connect provider (panva/oidc-provider, OpenID certified) for the browser tests and
// for trying the OIDC login of Ondermijning locally. Not for production.
//
//   node provider.js [--poort 9000] [--config gebruikers.json]
//
// The JSON config (re-read on every request, so a test can change a user's groups between two
// logins or disable a user) holds:
//   { "redirect_uri": "...", "post_logout_redirect_uri": "...", "client_id": "...",
//     "client_secret": "...", "users": { "<login>": { "wachtwoord": "...", "actief": true,
//     "groups": [...], "email": "...", "name": "..." } }, "sabotage": null }
// `sabotage` makes the token endpoint hand out a tampered ID token, to prove the app refuses it:
//   "audience"     the provider's own valid signature, but issued for another client
//   "verlopen"     the provider's own valid signature, but expired an hour ago
//   "handtekening" signed by a key that is not in the provider's JWKS (same kid)
// On start it prints one line of JSON: {"issuer": "http://127.0.0.1:<port>"}.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import * as jose from 'jose';
import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    poort: { type: 'string', default: '0' },
    config: { type: 'string', default: new URL('./gebruikers.json', import.meta.url).pathname },
  },
});

const config = () => JSON.parse(readFileSync(args.config, 'utf8'));
const eersteConfig = config();

// Signing key generated at start: a test can only ever get it through the provider itself.
const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signeerJwk = { ...(await jose.exportJWK(privateKey)), kid: 'sleutel-1', alg: 'RS256', use: 'sig' };
const { privateKey: vreemdeSleutel } = await jose.generateKeyPair('RS256');

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pagina = (titel, inhoud) => `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<title>${escape(titel)}</title></head><body><main><h1>${escape(titel)}</h1>${inhoud}</main></body></html>`;

function zoekAccount(accountId) {
  const gebruiker = config().users[accountId];
  if (!gebruiker || gebruiker.actief === false) return undefined;
  return gebruiker;
}

const server = http.createServer();
server.listen(Number(args.poort), '127.0.0.1');
await new Promise((resolve) => { server.on('listening', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: eersteConfig.client_id,
    client_secret: eersteConfig.client_secret,
    redirect_uris: [eersteConfig.redirect_uri].flat(),
    post_logout_redirect_uris: [eersteConfig.post_logout_redirect_uri].flat(),
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
  }],
  jwks: { keys: [signeerJwk] },
  pkce: { required: () => true },
  cookies: { keys: ['test-provider-cookie-sleutel'] },
  claims: {
    // acr and amr in every ID token, as Entra ID and Keycloak do (recorded by the app in the audit trail).
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = pagina('Uitloggen bij de testprovider', `${form}
          <button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, uitloggen</button>`);
      },
      postLogoutSuccessSource: async (ctx) => { ctx.body = pagina('Uitgelogd bij de testprovider', ''); },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const gebruiker = zoekAccount(sub);
    if (!gebruiker) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email: gebruiker.email ?? `${sub}@example.org`,
          email_verified: true,
          name: gebruiker.name ?? sub,
          preferred_username: sub,
          groups: gebruiker.groups ?? [],
        };
      },
    };
  },
  // A first-party client: no consent screen, every requested scope is granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = pagina('Fout bij de testprovider', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
});
provider.proxy = false;

// Sabotage of the ID token in the token response (see the header).
provider.use(async (ctx, next) => {
  await next();
  const sabotage = config().sabotage;
  if (ctx.path !== '/token' || !sabotage || !ctx.body?.id_token) return;
  const claims = jose.decodeJwt(ctx.body.id_token);
  let sleutel = privateKey;
  if (sabotage === 'audience') claims.aud = 'een-andere-applicatie';
  if (sabotage === 'verlopen') {
    claims.iat -= 7200;
    claims.exp = Math.floor(Date.now() / 1000) - 3600;
  }
  if (sabotage === 'handtekening') sleutel = vreemdeSleutel;
  ctx.body.id_token = await new jose.SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: signeerJwk.kid })
    .sign(sleutel);
});

async function leesFormulier(req) {
  let body = '';
  for await (const deel of req) body += deel;
  return Object.fromEntries(new URLSearchParams(body));
}

const inlogFormulier = (uid, melding = '') => pagina('Inloggen bij de testprovider', `
  ${melding ? `<p role="alert">${escape(melding)}</p>` : ''}
  <form method="post" action="/interaction/${escape(uid)}/login">
    <label for="login">Gebruikersnaam</label> <input id="login" name="login" autofocus>
    <label for="wachtwoord">Wachtwoord</label> <input id="wachtwoord" name="wachtwoord" type="password">
    <button type="submit">Inloggen bij provider</button>
  </form>`);

const callback = provider.callback();
server.on('request', async (req, res) => {
  try {
    const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
    if (!match) return callback(req, res);
    const details = await provider.interactionDetails(req, res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (!match[2]) return res.end(inlogFormulier(details.uid));
    const { login, wachtwoord } = await leesFormulier(req);
    const gebruiker = zoekAccount(login);
    if (!gebruiker || gebruiker.wachtwoord !== wachtwoord) {
      return res.end(inlogFormulier(details.uid, 'Onbekende gebruiker, onjuist wachtwoord of account uitgeschakeld.'));
    }
    // The provider did multi-factor authentication (pwd + otp): recorded by the app as amr/acr.
    return await provider.interactionFinished(req, res, {
      login: { accountId: login, amr: ['pwd', 'otp'], acr: 'urn:ondermijning:test:mfa' },
    }, { mergeWithLastSubmission: false });
  } catch (fout) {
    res.statusCode = 500;
    res.end(pagina('Fout bij de testprovider', `<pre>${escape(fout.message)}</pre>`));
  }
});

console.log(JSON.stringify({ issuer }));
