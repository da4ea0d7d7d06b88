// The browser side of passkeys, for the two pages that use them (adding one on Security, and
// "Use your passkey" at sign-in). No library: WebAuthn Level 3 turns mfa-kit's JSON options into
// what navigator.credentials needs, and the credential back into JSON.
(() => {
  const button = document.getElementById('passkey-button');
  const form = document.getElementById('passkey-form');
  const field = document.getElementById('passkey-response');
  const error = document.getElementById('passkey-error');
  const data = document.getElementById('passkey-options');
  if (!button || !form || !field || !data) return;
  const say = (text) => {
    error.textContent = text;
    error.hidden = false;
  };
  const supported =
    typeof PublicKeyCredential !== 'undefined' &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function';
  if (!supported) {
    button.disabled = true;
    say('This browser cannot use passkeys here. Use another way to sign in.');
    return;
  }
  button.addEventListener('click', async () => {
    const options = JSON.parse(data.textContent);
    const creating = form.action.endsWith('/confirm');
    button.disabled = true;
    try {
      const credential = creating
        ? await navigator.credentials.create({
            publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options),
          })
        : await navigator.credentials.get({
            publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options),
          });
      if (!credential) throw new Error('no credential');
      field.value = JSON.stringify(credential.toJSON());
      form.submit();
    } catch {
      button.disabled = false;
      say(
        creating
          ? 'No passkey was added. Try again, or use another method.'
          : 'The passkey did not work. Try again, or use a code instead.',
      );
    }
  });
})();
