// A STARTTLS front for maildev, which hides STARTTLS: a real smtp-server
// that offers STARTTLS, accepts AUTH only after it (smtp-server's
// default), and relays each message unchanged to maildev, where the test
// reads it. Usage: node starttls.mjs PORT CERT KEY USER PASS MAILDEV_PORT
import fs from 'node:fs';
import { SMTPServer } from 'smtp-server';
import nodemailer from 'nodemailer';

const [port, cert, key, user, pass, relayPort] = process.argv.slice(2);
const relay = nodemailer.createTransport({ host: '127.0.0.1', port: Number(relayPort), secure: false, ignoreTLS: true });
const server = new SMTPServer({
  key: fs.readFileSync(key),
  cert: fs.readFileSync(cert),
  onAuth(auth, session, done) {
    if (auth.username === user && auth.password === pass) return done(null, { user });
    return done(new Error('Invalid username or password'));
  },
  onData(stream, session, done) {
    if (!session.secure) return done(new Error('STARTTLS first'));
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      relay.sendMail({
        envelope: { from: session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address) },
        raw: Buffer.concat(chunks),
      }).then(() => done(), done);
    });
  },
});
server.on('error', (err) => console.error('smtp error', err.message));
server.listen(Number(port), '127.0.0.1', () => console.log('STARTTLS server running'));
