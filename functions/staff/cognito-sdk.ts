/**
 * The part of the Cognito SDK the staff directory uses, imported (with `import()`) only when the
 * directory is first listed. Named here rather than importing the package itself: a bundle carries
 * what a module's `import()` can reach, so `import('@aws-sdk/client-cognito-identity-provider')`
 * would put every Cognito command in the staff bundle; through this module, only these two.
 */
export {
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
