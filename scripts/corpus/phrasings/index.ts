/** All phrasing pools, by request type. The train pool also gets the second, independently written set of train.extra.ts. */
import type { ClassPhrasings, RequestType } from '../taxonomy.ts';
import { BANK_DETAILS_CHANGE } from './bank-details-change.ts';
import { CANCELLATION } from './cancellation.ts';
import { CONTRACT_DOCUMENTS } from './contract-documents.ts';
import { CONTRACT_RENEWAL } from './contract-renewal.ts';
import { CUSTOMER_DATA_CHANGE } from './customer-data-change.ts';
import { GENERAL_INQUIRY } from './general-inquiry.ts';
import { INVOICE_COMPLAINT } from './invoice-complaint.ts';
import { NUMBER_PORTING } from './number-porting.ts';
import { OTHER } from './other.ts';
import { TARIFF_CHANGE } from './tariff-change.ts';
import { EXTRA_TRAIN_CORES } from './train.extra.ts';

const withExtra = (type: RequestType, phrasings: ClassPhrasings): ClassPhrasings => ({
  ...phrasings,
  train: { ...phrasings.train, cores: [...phrasings.train.cores, ...EXTRA_TRAIN_CORES[type]] },
});

export const PHRASINGS: Record<RequestType, ClassPhrasings> = {
  cancellation: withExtra('cancellation', CANCELLATION),
  contract_renewal: withExtra('contract_renewal', CONTRACT_RENEWAL),
  tariff_change: withExtra('tariff_change', TARIFF_CHANGE),
  customer_data_change: withExtra('customer_data_change', CUSTOMER_DATA_CHANGE),
  bank_details_change: withExtra('bank_details_change', BANK_DETAILS_CHANGE),
  invoice_complaint: withExtra('invoice_complaint', INVOICE_COMPLAINT),
  number_porting: withExtra('number_porting', NUMBER_PORTING),
  contract_documents: withExtra('contract_documents', CONTRACT_DOCUMENTS),
  general_inquiry: withExtra('general_inquiry', GENERAL_INQUIRY),
  other: withExtra('other', OTHER),
};
