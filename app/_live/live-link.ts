import { ApolloLink } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { Kind, print, type DocumentNode } from 'graphql';
import { Observable } from 'rxjs';
import type { LiveSocket } from './live-socket';

/** The variable through which a subscription resumes (`betUpdated(after:)`). */
const CURSOR_VARIABLE = 'after';

function declaresVariable(document: DocumentNode, name: string): boolean {
  return document.definitions.some(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && (definition.variableDefinitions ?? []).some((v) => v.variable.name.value === name),
  );
}

/**
 * Apollo Client's terminating link for subscriptions over a LiveSocket: results flow into Apollo's
 * normalized cache as usual, while the socket resubscribes across reconnects. A subscription that
 * declares `$after` resumes from the `cursor` of the last payload it delivered.
 */
export function liveLink(socket: LiveSocket): ApolloLink {
  return new ApolloLink(
    (operation) =>
      new Observable((observer) =>
        socket.subscribe(
          {
            query: print(operation.query),
            variables: operation.variables,
            operationName: operation.operationName,
            cursorVariable: declaresVariable(operation.query, CURSOR_VARIABLE) ? CURSOR_VARIABLE : undefined,
          },
          {
            next: (result) => observer.next(result as ApolloLink.Result),
            error: (errors) => observer.error(new CombinedGraphQLErrors({ errors: errors as never })),
            complete: () => observer.complete(),
          },
        ),
      ),
  );
}
