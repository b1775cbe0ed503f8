import { graphql } from '../generated/index.ts';

// The sales area's operations, shared by its tests (plugins/pipeline/*.test.ts).

export const OpportunityFields = graphql(`
  fragment OpportunityFields on Opportunity {
    id
    name
    stage
    stageNumber
    status
    amount
    currency
    expectedCloseDate
    ownerId
    probability
    probabilityOverride
    weightedAmount
    nextStep
    lostReason
    lostNote
    closedAt
    stageEnteredAt
    version
    customer { id displayName }
    stageHistory { from to changedAt actorId }
  }
`);

export const CreateOpportunity = graphql(`
  mutation CreateOpportunity($input: CreateOpportunityInput!) {
    createOpportunity(input: $input) {
      __typename
      ... on OpportunityPayload { opportunity { ...OpportunityFields } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UpdateOpportunity = graphql(`
  mutation UpdateOpportunity($input: UpdateOpportunityInput!) {
    updateOpportunity(input: $input) {
      __typename
      ... on OpportunityPayload { opportunity { ...OpportunityFields } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
      ... on ConflictError { existingId }
    }
  }
`);

export const MoveOpportunity = graphql(`
  mutation MoveOpportunity($input: MoveOpportunityInput!) {
    moveOpportunity(input: $input) {
      __typename
      ... on OpportunityPayload { opportunity { ...OpportunityFields } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
      ... on ConflictError { existingId }
    }
  }
`);

export const LeadFields = graphql(`
  fragment LeadFields on Lead {
    id
    source
    sourceDetail
    status
    contactName
    firstName
    lastName
    companyName
    email
    phone
    country
    interest
    estimatedAmount
    currency
    ownerId
    disqualificationReason
    qualifiedAt
    customer { id displayName }
    referrer { id }
    opportunity { id name }
  }
`);

export const CaptureLead = graphql(`
  mutation CaptureLead($input: CaptureLeadInput!) {
    captureLead(input: $input) {
      __typename
      ... on LeadPayload { lead { ...LeadFields } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UpdateLead = graphql(`
  mutation UpdateLead($input: UpdateLeadInput!) {
    updateLead(input: $input) {
      __typename
      ... on LeadPayload { lead { ...LeadFields } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const DisqualifyLead = graphql(`
  mutation DisqualifyLead($input: DisqualifyLeadInput!) {
    disqualifyLead(input: $input) {
      __typename
      ... on LeadPayload { lead { ...LeadFields } }
      ... on Error { code message }
    }
  }
`);

export const QualifyLead = graphql(`
  mutation QualifyLead($input: QualifyLeadInput!) {
    qualifyLead(input: $input) {
      __typename
      ... on QualifyLeadPayload {
        customerResolution
        lead { ...LeadFields }
        opportunity { ...OpportunityFields }
        customer { __typename id displayName audiences primaryEmail primaryPhone }
      }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
      ... on ConflictError { existingId }
    }
  }
`);

export const CreateProduct = graphql(`
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      __typename
      ... on ProductPayload { product { id sku name availability } }
      ... on Error { code message }
      ... on ConflictError { existingId }
    }
  }
`);

export const UpdateProduct = graphql(`
  mutation UpdateProduct($input: UpdateProductInput!) {
    updateProduct(input: $input) {
      __typename
      ... on ProductPayload { product { id sku name availability stockQuantity } }
      ... on Error { code message }
    }
  }
`);

export const CreatePriceList = graphql(`
  mutation CreatePriceList($input: CreatePriceListInput!) {
    createPriceList(input: $input) {
      __typename
      ... on PriceListPayload { priceList { id name currency isDefault } }
      ... on Error { code message }
    }
  }
`);

export const SetPrices = graphql(`
  mutation SetPrices($input: SetPricesInput!) {
    setPrices(input: $input) {
      __typename
      ... on PriceListPayload { priceList { id prices(first: 100) { totalCount edges { node { unitPrice product { sku } } } } } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const SetCustomerDiscount = graphql(`
  mutation SetCustomerDiscount($input: SetCustomerDiscountInput!) {
    setCustomerDiscount(input: $input) {
      __typename
      ... on SetCustomerDiscountPayload { customer { id discounts { percent product { sku } } } }
      ... on Error { code message }
    }
  }
`);

export const OfferFields = graphql(`
  fragment OfferFields on Offer {
    id
    status
    currency
    validUntil
    sentAt
    decidedAt
    subtotal
    discountTotal
    total
    priceList { name }
    lines { position description quantity unitPrice discountPercent total product { sku } }
  }
`);

export const CreateOffer = graphql(`
  mutation CreateOffer($input: CreateOfferInput!) {
    createOffer(input: $input) {
      __typename
      ... on OfferPayload { offer { ...OfferFields } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
      ... on NotFoundError { id }
    }
  }
`);

export const ReviseOffer = graphql(`
  mutation ReviseOffer($input: ReviseOfferInput!) {
    reviseOffer(input: $input) {
      __typename
      ... on OfferPayload { offer { ...OfferFields } }
      ... on Error { code message }
    }
  }
`);

export const SetOfferStatus = graphql(`
  mutation SetOfferStatus($input: SetOfferStatusInput!) {
    setOfferStatus(input: $input) {
      __typename
      ... on OfferPayload { offer { ...OfferFields opportunity { amount version } } }
      ... on Error { code message }
      ... on ConflictError { existingId }
    }
  }
`);

export const ActivityFields = graphql(`
  fragment ActivityFields on SalesActivity {
    id
    kind
    subject
    dueAt
    assigneeId
    status
    overdue
    outcome
    completedAt
    customer { id }
    opportunity { id }
  }
`);

export const ScheduleActivity = graphql(`
  mutation ScheduleActivity($input: ScheduleActivityInput!) {
    scheduleActivity(input: $input) {
      __typename
      ... on SalesActivityPayload { activity { ...ActivityFields } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const CompleteActivity = graphql(`
  mutation CompleteActivity($input: CompleteActivityInput!) {
    completeActivity(input: $input) {
      __typename
      ... on SalesActivityPayload { activity { ...ActivityFields } }
      ... on Error { code message }
    }
  }
`);

export const MyDay = graphql(`
  query MyDay($timeZone: String, $assigneeId: String, $days: Int, $first: Int) {
    myDay(timeZone: $timeZone, assigneeId: $assigneeId, days: $days, first: $first) {
      assigneeId
      date
      overdueCount
      todayCount
      upcomingCount
      overdue { ...ActivityFields }
      today { ...ActivityFields }
      upcoming { ...ActivityFields }
    }
  }
`);

export const PipelineBoard = graphql(`
  query PipelineBoard($filter: OpportunityFilter, $cardsPerStage: Int) {
    pipelineBoard(filter: $filter, cardsPerStage: $cardsPerStage) {
      totals { currency count amount weightedAmount }
      columns {
        stage
        probability
        count
        totals { currency count amount weightedAmount }
        cards { id name stage amount currency expectedCloseDate ownerId probability weightedAmount customer { id displayName } }
      }
    }
  }
`);

export const PipelineForecast = graphql(`
  query PipelineForecast($input: ForecastInput!) {
    pipelineForecast(input: $input) { periodStart ownerId stage currency opportunities withoutAmount amount weightedAmount }
  }
`);

export const SalesPerformance = graphql(`
  query SalesPerformance($input: SalesPerformanceInput!) {
    salesPerformance(input: $input) { periodStart ownerId won lost winRate averageCycleDays wonTotals { currency count amount averageAmount } }
  }
`);

export const StageConversion = graphql(`
  query StageConversion($input: StageConversionInput!) {
    stageConversion(input: $input) { stage number reached conversionToNext averageDaysInStage completedStays }
  }
`);

export const SetStageProbabilities = graphql(`
  mutation SetStageProbabilities($input: SetStageProbabilitiesInput!) {
    setStageProbabilities(input: $input) {
      __typename
      ... on SetStageProbabilitiesPayload { stages { stage probability defaultProbability } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);
