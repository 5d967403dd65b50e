/**
 * fast-check generates arrays and strings of up to ten more than their minimum unless told
 * a size. Where a property gives a `maxLength`, it means it: generate up to that length.
 */
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), defaultSizeToMaxWhenMaxSpecified: true });
