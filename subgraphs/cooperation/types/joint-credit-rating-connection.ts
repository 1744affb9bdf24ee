import { connectionType } from '../../kit/connection';
import { JointCreditRating } from './joint-credit-rating';

export const JointCreditRatingConnection = connectionType(
  JointCreditRating,
  'JointCreditRating',
  "A page of a year's joint credit rating list, one entry per taxpayer rated by either bureau, in subject order (Relay connection, keyset cursors).",
);
