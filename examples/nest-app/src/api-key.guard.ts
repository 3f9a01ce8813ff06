import { Injectable } from '@nestjs/common';
import { ManagementAuthorization, ManagementGuard } from '@org/common';
import { authorizeApiKey } from './api-key.authorizer.js';

/**
 * The app's own routes behind the libraries' `authorize` check: 401 without a key, 403 for the
 * read-only key writing, and the caller's workspace for `@CurrentWorkspace()`.
 */
@Injectable()
export class ApiKeyGuard extends ManagementGuard {
  constructor() {
    super(new ManagementAuthorization({ moduleName: 'AppModule', authorize: authorizeApiKey }));
  }
}
