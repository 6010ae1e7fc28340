// The EAPOLKey layer encoder: one record per EAPOL-Key frame, the messages
// of the WPA/WPA2 4-way and group key handshakes (RSN and WPA key
// descriptors) and of legacy 802.1X RC4 keys.
#ifndef NETCAP_ENCODERS_EAPOLKEY_HPP_
#define NETCAP_ENCODERS_EAPOLKEY_HPP_

#include <array>
#include <cstdint>
#include <string_view>

#include <tins/eapol.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/eapolkey.pb.h"

namespace netcap::encoders {

struct eapolkey {
  static constexpr std::string_view name = "EAPOLKey";
  using record_type = EAPOLKey;
  using layer_type = Tins::EAPOL;
  static constexpr std::array<Tins::PDU::PDUType, 2> layer_types = {Tins::PDU::RC4EAPOL,
                                                                     Tins::PDU::RSNEAPOL};

  void encode(const Tins::EAPOL& header, const frame& f, EAPOLKey& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_key_descriptor_type(header.type());
    if (header.pdu_type() == Tins::PDU::RC4EAPOL) {
      encode_rc4(static_cast<const Tins::RC4EAPOL&>(header), r);
    } else {
      encode_rsn(static_cast<const Tins::RSNEAPOL&>(header), f, r);
    }
  }

 private:
  static std::uint64_t be64(const std::uint8_t* p) {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = value << 8 | p[i];
    return value;
  }

  static void encode_rsn(const Tins::RSNEAPOL& key, const frame& f, EAPOLKey& r) {
    // The key information field (12.7.2, figure 12-33), read from the
    // captured bytes: libtins has no getter for the SMK message bit, and its
    // others are this field's bits too. 4 bytes of EAPOL header and the
    // descriptor type come first.
    const std::string_view info = detail::frame_bytes(f, detail::layer_offset(key) + 5, 2);
    if (info.size() == 2) {
      const int bits = static_cast<std::uint8_t>(info[0]) << 8 | static_cast<std::uint8_t>(info[1]);
      r.set_key_descriptor_version(bits & 0x07);
      r.set_key_type((bits >> 3) & 1);
      r.set_key_index((bits >> 4) & 0x03);
      r.set_install((bits >> 6) & 1);
      r.set_key_ack((bits >> 7) & 1);
      r.set_key_mic((bits >> 8) & 1);
      r.set_secure((bits >> 9) & 1);
      r.set_mic_error((bits >> 10) & 1);
      r.set_request((bits >> 11) & 1);
      r.set_has_encrypted_key_data((bits >> 12) & 1);
      r.set_smk_message((bits >> 13) & 1);
    }
    r.set_key_length(key.key_length());
    r.set_replay_counter(key.replay_counter());
    r.set_nonce(key.nonce(), Tins::RSNEAPOL::nonce_size);
    r.set_iv(key.key_iv(), Tins::RSNEAPOL::key_iv_size);
    r.set_rsc(be64(key.rsc()));
    r.set_id(be64(key.id()));
    r.set_mic(key.mic(), Tins::RSNEAPOL::mic_size);
    r.set_key_data_length(key.wpa_length());
    r.set_encrypted_key_data(key.key().data(), key.key().size());
  }

  // IEEE 802.1X-2004, 7.6: the RC4 descriptor has a key length, a replay
  // counter, an IV, a flag and index byte, a signature and the key.
  static void encode_rc4(const Tins::RC4EAPOL& key, EAPOLKey& r) {
    r.set_key_type(key.key_flag());
    r.set_key_index(key.key_index());
    r.set_key_length(key.key_length());
    r.set_replay_counter(key.replay_counter());
    r.set_iv(key.key_iv(), Tins::RC4EAPOL::key_iv_size);
    r.set_mic(key.key_sign(), Tins::RC4EAPOL::key_sign_size);
    r.set_key_data_length(static_cast<std::int32_t>(key.key().size()));
    r.set_encrypted_key_data(key.key().data(), key.key().size());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_EAPOLKEY_HPP_
