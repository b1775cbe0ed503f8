import { graphql } from '../generated/index.ts';

export const ListCustomers = graphql(`
  query ListCustomers($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          displayName
          country
          lifecycle
          audiences
          updatedAt
          primaryEmail
        }
      }
    }
  }
`);
